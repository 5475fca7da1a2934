ALTER TABLE "tenants" ADD COLUMN "feed_epoch" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "feed_base" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "feed_ahead" bigint DEFAULT 0 NOT NULL;