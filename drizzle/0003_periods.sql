ALTER TABLE `payment_accounts` ADD `opening_balance_minor` integer;--> statement-breakpoint
ALTER TABLE `payment_accounts` ADD `opening_balance_date` text;--> statement-breakpoint
ALTER TABLE `payment_records` ADD `has_time` integer DEFAULT true NOT NULL;--> statement-breakpoint
-- Records entered before this migration kept no flag: one at exactly 00:00:00.000 Beijing time was a date typed without a time.
UPDATE `payment_records` SET `has_time` = 0 WHERE (`occurred_at` + 28800000) % 86400000 = 0;
