CREATE TABLE `hub_open_data_labels` (
	`hub_id` text NOT NULL,
	`programme_slug` text NOT NULL,
	`formations_labels` text,
	`autres_formations_labels` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`hub_id`, `programme_slug`),
	FOREIGN KEY (`hub_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `device_submissions` (
	`key` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`action` text NOT NULL,
	`result_id` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `device_submissions_user_created` ON `device_submissions` (`user_id`,`created_at`);