CREATE TABLE `record_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`record_id` integer NOT NULL,
	`version` integer NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`changed_by` text NOT NULL,
	`changed_at` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `payment_records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_history_record` ON `record_history` (`record_id`,`id`);--> statement-breakpoint
CREATE INDEX `payment_records_time` ON `payment_records` (`occurred_at`);--> statement-breakpoint
-- Substring search over counterparty, memo and references, Chinese included: each record's text
-- is indexed as overlapping two-character tokens (plus each run's last character), written by
-- src/core/records/search-index.ts in the same transaction as the record. Contentless: the index
-- keeps no copy of the text.
CREATE VIRTUAL TABLE `payment_records_search` USING fts5(`terms`, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
