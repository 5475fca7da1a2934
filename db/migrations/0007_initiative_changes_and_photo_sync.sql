CREATE TABLE `photo_erasures` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `initiative_drafts` ADD `edits_initiative_id` text REFERENCES initiatives(id);--> statement-breakpoint
ALTER TABLE `initiative_photos` ADD `ledger_state` text;--> statement-breakpoint
ALTER TABLE `initiative_photos` ADD `sha256` text;--> statement-breakpoint
CREATE INDEX `initiative_photos_ledger` ON `initiative_photos` (`ledger_state`);--> statement-breakpoint
ALTER TABLE `initiatives` ADD `status_note` text;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `ledger_volunteers` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `ledger_materials` integer DEFAULT 0 NOT NULL;