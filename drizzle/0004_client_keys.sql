CREATE TABLE `client_key_wraps` (
	`client_id` integer NOT NULL,
	`recipient_id` text NOT NULL,
	`key_generation` integer NOT NULL,
	`wrap` blob NOT NULL,
	PRIMARY KEY(`client_id`, `recipient_id`)
);
--> statement-breakpoint
CREATE INDEX `client_key_wraps_recipient` ON `client_key_wraps` (`recipient_id`);--> statement-breakpoint
CREATE TABLE `record_search_tokens` (
	`client_id` integer NOT NULL,
	`token` blob NOT NULL,
	`record_id` integer NOT NULL,
	PRIMARY KEY(`client_id`, `token`, `record_id`)
);
--> statement-breakpoint
CREATE INDEX `record_search_tokens_record` ON `record_search_tokens` (`record_id`);--> statement-breakpoint
CREATE TABLE `user_certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`certificate` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `user_certificates_user` ON `user_certificates` (`user_id`,`id`);--> statement-breakpoint
DROP INDEX `payment_records_account_ref`;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `counterparty_enc` blob;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `counterparty_account_enc` blob;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `reference_enc` blob;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `merchant_order_ref_enc` blob;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `memo_enc` blob;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `source_row_enc` blob;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `dup_ref` blob;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `dup_txn` blob;--> statement-breakpoint
CREATE INDEX `payment_records_dup_ref` ON `payment_records` (`client_id`,`dup_ref`);--> statement-breakpoint
CREATE INDEX `payment_records_dup_txn` ON `payment_records` (`client_id`,`dup_txn`);--> statement-breakpoint
ALTER TABLE `client_grants` ADD `statement` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `name_enc` blob;--> statement-breakpoint
ALTER TABLE `clients` ADD `uscc_enc` blob;--> statement-breakpoint
ALTER TABLE `clients` ADD `contact_enc` blob;--> statement-breakpoint
ALTER TABLE `clients` ADD `notes_enc` blob;--> statement-breakpoint
ALTER TABLE `payment_accounts` ADD `account_number_enc` blob;--> statement-breakpoint
ALTER TABLE `payment_accounts` ADD `holder_enc` blob;--> statement-breakpoint
ALTER TABLE `record_history` ADD `old_value_enc` blob;--> statement-breakpoint
ALTER TABLE `record_history` ADD `new_value_enc` blob;--> statement-breakpoint
ALTER TABLE `user_permissions` ADD `statement` text;--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_secret_enc` blob;--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_pending_secret_enc` blob;