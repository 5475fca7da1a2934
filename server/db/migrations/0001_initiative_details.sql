ALTER TABLE "initiatives" ADD COLUMN "registration" jsonb;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "status_note" text;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "assessment" jsonb;