ALTER TABLE `staff` ADD `approval_failed_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `staff` ADD `approval_locked_until` text;