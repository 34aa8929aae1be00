CREATE TABLE `credential_ldp` (
	`credential_id` text PRIMARY KEY NOT NULL,
	`document` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `status_list_ldp` (
	`list_id` text PRIMARY KEY NOT NULL,
	`bits_digest` text NOT NULL,
	`key_id` text NOT NULL,
	`document` text NOT NULL,
	`signed_at` text NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `status_lists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`key_id`) REFERENCES `issuer_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `issuer_keys` ADD `multikey_public` text;--> statement-breakpoint
ALTER TABLE `issuer_keys` ADD `multikey_secret_enc` text;