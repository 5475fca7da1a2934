ALTER TABLE `initiative_drafts` ADD `edits_initiative_id` text REFERENCES initiatives(id);--> statement-breakpoint
ALTER TABLE `initiatives` ADD `status_note` text;