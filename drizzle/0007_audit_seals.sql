CREATE TABLE `audit_seals` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`user_id` text NOT NULL,
	`last_seq` integer NOT NULL,
	`body` text NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_seals_session` ON `audit_seals` (`session_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_seals_last` ON `audit_seals` (`last_seq`);--> statement-breakpoint
ALTER TABLE `audit_events` ADD `session_id` text;--> statement-breakpoint
CREATE INDEX `audit_events_session` ON `audit_events` (`session_id`,`seq`);--> statement-breakpoint
-- Audit v2 (issue 12): events after this point are linked by SHA-256, which needs no secret to
-- check; those before stay HMAC-linked under the DEK's audit key. A new vault starts at 1.
INSERT INTO `vault_meta` (`key`, `value`) SELECT 'audit_sha_from', CAST(coalesce(max(`seq`), 0) + 1 AS TEXT) FROM `audit_events`;
