ALTER TABLE `status_lists` ADD `used_slots` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): the slots already taken, then one more at each
-- credential's insertion, in its transaction, whichever code path (or SQL) inserts it. Never lowered:
-- it only decides when a list is retired for a new one (src/issuing/status.ts).
UPDATE `status_lists` SET `used_slots` = (SELECT count(*) FROM `credentials` WHERE `credentials`.`status_list_id` = `status_lists`.`id`);
--> statement-breakpoint
CREATE TRIGGER `credentials_slot_taken` AFTER INSERT ON `credentials`
BEGIN
	UPDATE `status_lists` SET `used_slots` = `used_slots` + 1 WHERE `id` = NEW.`status_list_id`;
END;
