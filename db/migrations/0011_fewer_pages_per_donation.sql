DROP INDEX `outbox_event_id_unique`;--> statement-breakpoint
DROP INDEX `redemptions_outbox_seq`;