CREATE TABLE `access_review_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`client_id` integer NOT NULL,
	`can_write` integer NOT NULL,
	`granted_at` text NOT NULL,
	`assignee_id` text,
	`decision` text,
	`decided_at` text,
	`decided_by` text,
	FOREIGN KEY (`round_id`) REFERENCES `access_review_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_review_items_grant` ON `access_review_items` (`round_id`,`user_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `access_review_items_assignee` ON `access_review_items` (`assignee_id`,`decision`);--> statement-breakpoint
CREATE TABLE `access_review_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`due_date` text NOT NULL,
	`started_at` text NOT NULL,
	`started_by` text NOT NULL,
	`closed_at` text,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_review_rounds_closed` ON `access_review_rounds` (`closed_at`);