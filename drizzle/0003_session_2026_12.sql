CREATE TABLE `status_list_jwt` (
	`list_id` text NOT NULL,
	`form` text NOT NULL,
	`revision` integer NOT NULL,
	`key_id` text NOT NULL,
	`jwt` text NOT NULL,
	`signed_at` text NOT NULL,
	PRIMARY KEY(`list_id`, `form`),
	FOREIGN KEY (`list_id`) REFERENCES `status_lists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`key_id`) REFERENCES `issuer_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
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
CREATE INDEX `device_submissions_user_created` ON `device_submissions` (`user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `evaluations` ADD `workshop_id` text;--> statement-breakpoint
CREATE INDEX `evaluations_workshop` ON `evaluations` (`workshop_id`);--> statement-breakpoint
ALTER TABLE `status_lists` ADD `bits_revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): every change of a credential's status bits bumps
-- its list's revision in the same transaction, so a kept signed list is never served after a change,
-- whichever code path (or SQL) made it.
CREATE TRIGGER `credentials_bits_update` AFTER UPDATE OF `revoked_at`, `suspended_at` ON `credentials`
WHEN OLD.`revoked_at` IS NOT NEW.`revoked_at` OR OLD.`suspended_at` IS NOT NEW.`suspended_at`
BEGIN
	UPDATE `status_lists` SET `bits_revision` = `bits_revision` + 1 WHERE `id` = NEW.`status_list_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `credentials_bits_insert` AFTER INSERT ON `credentials`
WHEN NEW.`revoked_at` IS NOT NULL OR NEW.`suspended_at` IS NOT NULL
BEGIN
	UPDATE `status_lists` SET `bits_revision` = `bits_revision` + 1 WHERE `id` = NEW.`status_list_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `credentials_bits_delete` AFTER DELETE ON `credentials`
WHEN OLD.`revoked_at` IS NOT NULL OR OLD.`suspended_at` IS NOT NULL
BEGIN
	UPDATE `status_lists` SET `bits_revision` = `bits_revision` + 1 WHERE `id` = OLD.`status_list_id`;
END;
