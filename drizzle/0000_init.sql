CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`actor_user_id` text,
	`org_id` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`data` text NOT NULL,
	`entry_hash` text NOT NULL,
	`chain_hash` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_id_unique` ON `audit_events` (`id`);--> statement-breakpoint
CREATE INDEX `audit_org` ON `audit_events` (`org_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_target` ON `audit_events` (`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `audit_unsealed` ON `audit_events` (`seq`) WHERE chain_hash is null;--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer_org_id` text NOT NULL,
	`achievement_id` text NOT NULL,
	`achievement_kind` text NOT NULL,
	`referential_slug` text,
	`referential_version` text,
	`competence_code` text,
	`level` text,
	`learner_id` text,
	`recipient_name_hash` text,
	`recipient_email_hash` text,
	`key_id` text NOT NULL,
	`jwt` text NOT NULL,
	`issued_at` text NOT NULL,
	`issued_by` text,
	`valid_from` text NOT NULL,
	`valid_until` text,
	`status_list_id` text NOT NULL,
	`status_index` integer NOT NULL,
	`suspendable` integer NOT NULL,
	`revoked_at` text,
	`revocation_reason` text,
	`suspended_at` text,
	`suspension_reason` text,
	`idempotency_key` text,
	`superseded_by` text,
	FOREIGN KEY (`issuer_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`key_id`) REFERENCES `issuer_keys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_list_id`) REFERENCES `status_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_status_slot` ON `credentials` (`status_list_id`,`status_index`);--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_idempotency` ON `credentials` (`issuer_org_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `credentials_learner` ON `credentials` (`learner_id`);--> statement-breakpoint
CREATE INDEX `credentials_flagged` ON `credentials` (`status_list_id`,`status_index`,`revoked_at`,`suspended_at`) WHERE revoked_at is not null or suspended_at is not null;--> statement-breakpoint
CREATE INDEX `credentials_issuer` ON `credentials` (`issuer_org_id`,`issued_at`);--> statement-breakpoint
CREATE TABLE `evaluation_aggregates` (
	`structure_id` text NOT NULL,
	`referential_slug` text NOT NULL,
	`referential_version` text NOT NULL,
	`competence_code` text NOT NULL,
	`level` text NOT NULL,
	`month` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`structure_id`, `referential_slug`, `referential_version`, `competence_code`, `level`, `month`)
);
--> statement-breakpoint
CREATE TABLE `evaluation_items` (
	`evaluation_id` text NOT NULL,
	`competence_code` text NOT NULL,
	`level` text NOT NULL,
	`method` text NOT NULL,
	`evidence_note` text,
	PRIMARY KEY(`evaluation_id`, `competence_code`),
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`learner_id` text NOT NULL,
	`structure_id` text NOT NULL,
	`mediator_user_id` text,
	`referential_slug` text NOT NULL,
	`referential_version` text NOT NULL,
	`method` text NOT NULL,
	`date` text NOT NULL,
	`themes` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`structure_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluations_learner` ON `evaluations` (`learner_id`,`date`);--> statement-breakpoint
CREATE TABLE `holder_links` (
	`id` text PRIMARY KEY NOT NULL,
	`learner_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holder_links_token_hash_unique` ON `holder_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `holder_links_learner` ON `holder_links` (`learner_id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`org_id` text NOT NULL,
	`role` text NOT NULL,
	`email` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`accepted_at` text,
	`accepted_by` text,
	`revoked_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE TABLE `issuer_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`fragment` text NOT NULL,
	`alg` text NOT NULL,
	`public_jwk` text NOT NULL,
	`private_jwk_enc` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`retired_at` text,
	`compromised_at` text,
	`compromise_reason` text,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `issuer_keys_fragment` ON `issuer_keys` (`org_id`,`fragment`);--> statement-breakpoint
CREATE UNIQUE INDEX `issuer_keys_one_active` ON `issuer_keys` (`org_id`) WHERE status = 'active';--> statement-breakpoint
CREATE TABLE `learner_personal` (
	`learner_id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`email` text,
	`birth_year` integer,
	`consent_at` text NOT NULL,
	`consent_text` text NOT NULL,
	FOREIGN KEY (`learner_id`) REFERENCES `learners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `learners` (
	`id` text PRIMARY KEY NOT NULL,
	`structure_id` text NOT NULL,
	`public_id` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`erased_at` text,
	FOREIGN KEY (`structure_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `learners_public_id_unique` ON `learners` (`public_id`);--> statement-breakpoint
CREATE INDEX `learners_structure` ON `learners` (`structure_id`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `org_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `memberships_org` ON `memberships` (`org_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`url` text,
	`description` text,
	`email` text,
	`hub_id` text,
	`auto_issue` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` text NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `referential_versions` (
	`slug` text NOT NULL,
	`version` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	`rules` text,
	`sort_key` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`slug`, `version`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `status_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`purpose` text NOT NULL,
	`size` integer NOT NULL,
	`status_size` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `status_lists_org` ON `status_lists` (`org_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);