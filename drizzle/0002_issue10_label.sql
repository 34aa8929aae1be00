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
CREATE TABLE `public_listing_consents` (
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`consent_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `org_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
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
