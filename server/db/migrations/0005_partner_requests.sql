CREATE TABLE "partner_requests" (
	"credential_id" uuid NOT NULL,
	"key" text NOT NULL,
	"tenant_id" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_requests_credential_id_key_pk" PRIMARY KEY("credential_id","key")
);
