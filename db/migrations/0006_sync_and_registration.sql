CREATE TABLE `initiative_accountability` (
	`initiative_id` text PRIMARY KEY NOT NULL,
	`done` text NOT NULL,
	`spent_cents` integer NOT NULL,
	`staff_id` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `initiative_details` (
	`initiative_id` text PRIMARY KEY NOT NULL,
	`description` text NOT NULL,
	`buurt` text NOT NULL,
	`location` text NOT NULL,
	`budget_lines` text NOT NULL,
	`structural_costs` text NOT NULL,
	`structural_costs_by` text NOT NULL,
	`support_method` text NOT NULL,
	`support_description` text NOT NULL,
	`public_space` integer NOT NULL,
	`support_percentage` integer,
	`execution_date` text NOT NULL,
	`registered_by` text NOT NULL,
	`registered_at` text NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `initiative_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`step` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `initiative_people` (
	`id` text PRIMARY KEY NOT NULL,
	`initiative_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`email` text NOT NULL,
	`postcode` text NOT NULL,
	`house_number` text NOT NULL,
	`addition` text NOT NULL,
	`consent_at` text NOT NULL,
	`erased_at` text,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiative_people_initiative` ON `initiative_people` (`initiative_id`);--> statement-breakpoint
CREATE TABLE `initiative_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`initiative_id` text,
	`draft_id` text,
	`purpose` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` blob NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `initiative_photos_initiative` ON `initiative_photos` (`initiative_id`);--> statement-breakpoint
CREATE INDEX `initiative_photos_draft` ON `initiative_photos` (`draft_id`);--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`contested_redemption_id` text PRIMARY KEY NOT NULL,
	`counted_redemption_id` text NOT NULL,
	`ours` text NOT NULL,
	`round_id` text NOT NULL,
	`value_cents` integer NOT NULL,
	`state` text NOT NULL,
	`note` text,
	`settled_at` text,
	`settlement_sent_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `districts` ADD `budget_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `redemptions` ADD `ledger_state` text;--> statement-breakpoint
CREATE INDEX `redemptions_outbox_seq` ON `redemptions` (`outbox_seq`);