CREATE TABLE `ledger_device_reports` (
	`device_id` text PRIMARY KEY NOT NULL,
	`report` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_reviews` (
	`redemption_id` text PRIMARY KEY NOT NULL,
	`device_id` text,
	`round_id` text NOT NULL,
	`value_cents` integer NOT NULL,
	`district_code` text,
	`parts` text NOT NULL,
	`flags` text NOT NULL,
	`state` text NOT NULL,
	`note` text,
	`at` text NOT NULL,
	`decided_at` text,
	`decision_sent_at` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_attention` (
	`seq` integer PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`subject_id` text,
	`created_at` text NOT NULL,
	`handled_at` text,
	`handled_by` text
);
