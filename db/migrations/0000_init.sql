CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`service_point` text NOT NULL,
	`is_demo` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `districts` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`households` integer NOT NULL,
	`households_synthetic` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `initiatives` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`district_code` text NOT NULL,
	`theme` text NOT NULL,
	`status` text NOT NULL,
	`target_cents` integer NOT NULL,
	`collected_cents` integer DEFAULT 0 NOT NULL,
	`deadline` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`district_code`) REFERENCES `districts`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_number_unique` ON `initiatives` (`number`);--> statement-breakpoint
CREATE INDEX `initiatives_district_status` ON `initiatives` (`district_code`,`status`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`version` integer NOT NULL,
	`payload` text NOT NULL,
	`staff_id` text,
	`device_time` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	`acked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_event_id_unique` ON `outbox` (`event_id`);--> statement-breakpoint
CREATE INDEX `outbox_unacked` ON `outbox` (`acked_at`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`value_cents` integer NOT NULL,
	`active_from` text NOT NULL,
	`active_until` text NOT NULL,
	`status` text NOT NULL,
	`registry_salt` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`pin_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_name_unique` ON `staff` (lower("name"));--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `voucher_registry` (
	`round_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`district_code` text NOT NULL,
	PRIMARY KEY(`round_id`, `code_hash`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
);
