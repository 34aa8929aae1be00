CREATE TABLE `review_applications` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`decider_org_id` text NOT NULL,
	`applicant_user_id` text NOT NULL,
	`applicant_org_id` text,
	`subject_ref` text NOT NULL,
	`state` text NOT NULL,
	`round` integer DEFAULT 0 NOT NULL,
	`renews` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`submitted_at` text,
	`decided_at` text,
	`revision` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`decider_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applicant_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applicant_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_applications_queue` ON `review_applications` (`decider_org_id`,`kind`,`state`);--> statement-breakpoint
CREATE INDEX `review_applications_applicant` ON `review_applications` (`applicant_user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `review_item_decisions` (
	`vote_id` text NOT NULL,
	`code` text NOT NULL,
	`decision` text NOT NULL,
	`comment` text,
	PRIMARY KEY(`vote_id`, `code`),
	FOREIGN KEY (`vote_id`) REFERENCES `review_votes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `review_items` (
	`application_id` text NOT NULL,
	`code` text NOT NULL,
	`claim` text DEFAULT '{}' NOT NULL,
	`response` text,
	`outcome` text,
	PRIMARY KEY(`application_id`, `code`),
	FOREIGN KEY (`application_id`) REFERENCES `review_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `review_votes` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`round` integer NOT NULL,
	`reviewer_user_id` text NOT NULL,
	`vote` text NOT NULL,
	`comment` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `review_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_votes_once` ON `review_votes` (`application_id`,`round`,`reviewer_user_id`);