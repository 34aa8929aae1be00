ALTER TABLE `evaluations` ADD `workshop_id` text;--> statement-breakpoint
CREATE INDEX `evaluations_workshop` ON `evaluations` (`workshop_id`);