CREATE TABLE `hub_open_data_labels` (
	`hub_id` text NOT NULL,
	`programme_slug` text NOT NULL,
	`formations_labels` text,
	`autres_formations_labels` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`hub_id`, `programme_slug`),
	FOREIGN KEY (`hub_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
