CREATE TABLE `certification_credentials` (
	`credential_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`application_id` text NOT NULL,
	`kind` text NOT NULL,
	`block_code` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `review_applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `certification_credentials_user` ON `certification_credentials` (`user_id`);--> statement-breakpoint
CREATE TABLE `portfolio_entries` (
	`user_id` text NOT NULL,
	`referential_slug` text NOT NULL,
	`referential_version` text NOT NULL,
	`competence_code` text NOT NULL,
	`level` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `referential_slug`, `referential_version`, `competence_code`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `portfolio_evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`referential_slug` text NOT NULL,
	`referential_version` text NOT NULL,
	`competence_code` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`url` text,
	`file_key` text,
	`file_name` text,
	`file_type` text,
	`file_size` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `portfolio_evidence_user` ON `portfolio_evidence` (`user_id`,`referential_slug`,`referential_version`,`competence_code`);