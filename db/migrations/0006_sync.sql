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