CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`account_id` integer,
	`format` text NOT NULL,
	`encoding` text,
	`file_name_enc` blob,
	`file_sha256` text NOT NULL,
	`rows` integer NOT NULL,
	`imported` integer NOT NULL,
	`duplicates` integer NOT NULL,
	`rejected` integer NOT NULL,
	`skipped` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`undone_at` text,
	`undone_by` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `payment_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_batches_client` ON `import_batches` (`client_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `payment_records` ADD `import_batch_id` integer;--> statement-breakpoint
CREATE INDEX `payment_records_import_batch` ON `payment_records` (`import_batch_id`);