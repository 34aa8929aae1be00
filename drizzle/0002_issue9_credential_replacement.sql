ALTER TABLE `credentials` ADD `replaced_by` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `replaces` text;