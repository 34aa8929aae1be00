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
CREATE TABLE `evaluation_counts` (
	`structure_id` text NOT NULL,
	`month` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`structure_id`, `month`)
);
--> statement-breakpoint
CREATE TABLE `label_programmes` (
	`slug` text NOT NULL,
	`version` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	`sort_key` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`slug`, `version`)
);
--> statement-breakpoint
CREATE TABLE `labels` (
	`id` text PRIMARY KEY NOT NULL,
	`structure_id` text NOT NULL,
	`hub_id` text NOT NULL,
	`programme_slug` text NOT NULL,
	`programme_version` text NOT NULL,
	`application_id` text,
	`credential_id` text NOT NULL,
	`endorsement_id` text NOT NULL,
	`endorsement_jwt` text NOT NULL,
	`granted_at` text NOT NULL,
	`granted_by` text,
	`valid_from` text NOT NULL,
	`valid_until` text NOT NULL,
	`certified_mediators` integer NOT NULL,
	`renewal_of` text,
	FOREIGN KEY (`structure_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hub_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `labels_structure` ON `labels` (`structure_id`,`granted_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `labels_credential` ON `labels` (`credential_id`);--> statement-breakpoint
CREATE TABLE `password_resets` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_resets_token_hash_unique` ON `password_resets` (`token_hash`);--> statement-breakpoint
CREATE INDEX `password_resets_user` ON `password_resets` (`user_id`);--> statement-breakpoint
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
CREATE INDEX `portfolio_evidence_user` ON `portfolio_evidence` (`user_id`,`referential_slug`,`referential_version`,`competence_code`);--> statement-breakpoint
CREATE TABLE `public_listing_consents` (
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`consent_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `org_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
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
CREATE UNIQUE INDEX `review_votes_once` ON `review_votes` (`application_id`,`round`,`reviewer_user_id`);--> statement-breakpoint
CREATE TABLE `structure_profiles` (
	`org_id` text PRIMARY KEY NOT NULL,
	`pivot` text,
	`adresse` text,
	`complement_adresse` text,
	`commune` text,
	`code_postal` text,
	`code_insee` text,
	`telephone` text,
	`courriel` text,
	`site_web` text,
	`horaires` text,
	`presentation_resume` text,
	`services` text DEFAULT '[]' NOT NULL,
	`frais_a_charge` text DEFAULT '[]' NOT NULL,
	`fiche_acces_libre` text,
	`prise_rdv` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `credentials` ADD `idempotency_request_hash` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `replaced_by` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `replaces` text;--> statement-breakpoint
CREATE INDEX `credentials_idempotency_key` ON `credentials` (`idempotency_key`) WHERE idempotency_key is not null;--> statement-breakpoint
ALTER TABLE `learner_personal` ADD `latin_name` text;