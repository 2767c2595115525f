CREATE TABLE `backup_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`backup_id` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`created_by_name` text NOT NULL,
	`kind` text NOT NULL,
	`folder` text NOT NULL,
	`file_name` text NOT NULL,
	`bytes` integer NOT NULL,
	`chunks` integer NOT NULL,
	`audit_seq` integer NOT NULL,
	`seal_id` integer,
	`verified_at` text,
	`verified_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `backup_history_backup` ON `backup_history` (`backup_id`);--> statement-breakpoint
CREATE INDEX `backup_history_created` ON `backup_history` (`created_at`);