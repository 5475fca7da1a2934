CREATE TABLE "help_offers" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"initiative_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"erased_at" timestamp with time zone,
	CONSTRAINT "help_offers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "photos" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"initiative_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"device_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "photos_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "registration" jsonb;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "status_note" text;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "assessment" jsonb;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "accountability" jsonb;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "help_volunteers" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "help_materials" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "help_offers" ADD CONSTRAINT "help_offers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "photos_initiative" ON "photos" USING btree ("tenant_id","initiative_id");