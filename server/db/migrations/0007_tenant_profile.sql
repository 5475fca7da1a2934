ALTER TABLE "tenants" ADD COLUMN "platform_name" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "platform_url" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "voucher_value_cents" integer DEFAULT 750 NOT NULL;--> statement-breakpoint
-- Municipalities made before this migration: Almelo's platform for Almelo, the municipality's own name otherwise.
UPDATE "tenants" SET "platform_name" = CASE WHEN "id" = 'almelo' THEN 'Almelo Buurt Samen' ELSE "name" END,
  "platform_url" = CASE WHEN "id" = 'almelo' THEN 'https://www.almelobuurtsamen.nl' ELSE NULL END;--> statement-breakpoint
ALTER TABLE "tenants" ALTER COLUMN "platform_name" SET NOT NULL;
