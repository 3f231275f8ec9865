using System.Text.Json.Nodes;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Docs;

/// <summary>Examples taken from the seed documents (Truto's run object, Braze's job sync status, ActiveCampaign's connections, Base's sync session).</summary>
public static class OpenApiExamples
{
    /// <summary>
    /// A unified model: <c>crm/contacts</c> filled from two integrations whose contacts differ in shape (flat fields,
    /// HubSpot's <c>properties</c>), each mapped with JMESPath; a job resource <c>crm/contacts</c> reads either.
    /// </summary>
    public static JsonNode UnifiedModel => JsonNode.Parse("""
        {
          "name": "crm",
          "description": "Contacts the same way whatever CRM a customer connected.",
          "resources": {
            "contacts": {
              "description": "A person in the CRM.",
              "schema": {
                "type": "object",
                "properties": {
                  "id": { "type": "string" },
                  "first_name": { "type": ["string", "null"] },
                  "last_name": { "type": ["string", "null"] },
                  "name": { "type": ["string", "null"] },
                  "email": { "type": ["string", "null"] },
                  "updated_at": { "type": ["string", "null"], "format": "date-time" }
                },
                "required": ["id"]
              },
              "validate_records": true,
              "integration_mapping": {
                "demo": {
                  "resource": "contacts",
                  "method": "list",
                  "response_mapping": {
                    "id": "to_string(id)",
                    "first_name": "first_name",
                    "last_name": "last_name",
                    "name": "concat_ws(' ', first_name, last_name)",
                    "email": "email",
                    "updated_at": "to_iso8601(updated_at)"
                  },
                  "query_mapping": { "updated_since": "updated_since" }
                },
                "hubspot": {
                  "resource": "contacts",
                  "response_mapping": {
                    "id": "id",
                    "first_name": "properties.firstname",
                    "last_name": "properties.lastname",
                    "name": "concat_ws(' ', properties.firstname, properties.lastname)",
                    "email": "properties.email",
                    "updated_at": "to_iso8601(updatedAt)"
                  }
                }
              }
            }
          },
          "environment_id": "05daecaf-4365-42e8-8370-8127de5dd717",
          "created_at": "2021-08-10T10:00:00.000Z",
          "updated_at": "2021-08-10T10:00:00.000Z"
        }
        """)!;

    /// <summary>
    /// Truto's run object as this hub answers it: Truto's fields, then Census's counters, step, error and
    /// trigger (an API-created run names the key by id, never its token).
    /// </summary>
    public static JsonNode Run => JsonNode.Parse("""
        {
          "id": "4a4de828-f4db-4c9e-adfd-434e0864c3c7",
          "args": { "project_slug": "vcs_provider/org_name/repo_name" },
          "resources": [ { "resource": "crm/contacts", "method": "list" } ],
          "sync_job_id": "1f276317-1c44-4ae8-b2e2-f7b8bc0f6aa5",
          "integrated_account_id": "2a4e7c1d-6b3f-4e8a-9c0d-5f1e2b3a4c5d",
          "status": "running",
          "daemon_id": null,
          "daemon_group_key": null,
          "webhook_id": null,
          "error_handling": "ignore",
          "ignore_previous_run": false,
          "version": 1,
          "resource_stats": {
            "crm/contacts": { "list": { "fetched": 100, "persisted": 100 } },
            "crm/deals": { "list": { "fetched": 100, "persisted": 0 }, "get": { "fetched": 100, "persisted": 100 } }
          },
          "created_at": "2024-01-01T00:00:00.000Z",
          "updated_at": "2024-01-01T00:00:05.000Z",
          "started_at": "2024-01-01T00:00:01.000Z",
          "finished_at": null,
          "sync_job": {
            "id": "1f276317-1c44-4ae8-b2e2-f7b8bc0f6aa5",
            "integration_name": "demo",
            "args_schema": null,
            "resources": [ { "resource": "crm/contacts", "method": "list" } ],
            "environment_id": "0190f1c0-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
            "created_at": "2023-12-31T12:00:00.000Z",
            "updated_at": "2023-12-31T12:00:00.000Z"
          },
          "source_record_count": 100,
          "source_record_updates": 100,
          "source_record_deletes": 0,
          "source_record_invalids": 0,
          "records_processed": 100,
          "records_updated": 100,
          "records_failed": 0,
          "current_step": "Running Sync",
          "error_code": null,
          "error_message": null,
          "error_detail": null,
          "full_sync": false,
          "canceled": false,
          "scheduled_execution_time": null,
          "completed_at": null,
          "trigger": null,
          "census_status": "working",
          "rate_limited": false,
          "retry_of": null
        }
        """)!.With("trigger", RunTriggers.ForApi(null, "0190f1c2-7a3b-7c4d-8e5f-6a7b8c9d0e1f"));

    public static JsonNode JobSyncStatus => JsonNode.Parse("""
        {
          "results": [
            {
              "job_status": "partial",
              "sync_start_time": "2024-01-01T00:00:00.000Z",
              "sync_finish_time": "2024-01-01T00:05:00.000Z",
              "last_timestamp_synced": "2024-01-01T00:04:30.000Z",
              "rows_synced": 98,
              "rows_failed_with_errors": 2
            }
          ],
          "message": "success"
        }
        """)!;

    public static JsonNode Connections => JsonNode.Parse("""
        {
          "connections": [
            {
              "id": "2a4e7c1d-6b3f-4e8a-9c0d-5f1e2b3a4c5d",
              "service": "demo",
              "externalid": "acme",
              "name": "Acme CRM",
              "status": 1,
              "syncStatus": 0,
              "lastSync": "2024-01-01T00:05:00.000Z",
              "cdate": "2024-01-01T00:00:00.000Z",
              "udate": "2024-01-01T00:05:00.000Z"
            }
          ],
          "meta": { "total": "1", "next_cursor": null }
        }
        """)!;

    public static JsonNode SyncSession => JsonNode.Parse("""
        {
          "data": {
            "id": "$SESSION_ID",
            "queues": [
              { "data": { "name": "main", "pages": 1, "total_count": 2 },
                "meta": { "type": "sync_queue", "links": { "self": "https://hub.example/api/v2/sync/$SESSION_ID/queues/main" } } }
            ]
          },
          "meta": { "type": "sync_session" }
        }
        """)!;

    public static JsonNode Problem => JsonNode.Parse("""
        {
          "type": "urn:syncfunctions:problem:validation_failed",
          "title": "The request is not valid.",
          "status": 400,
          "detail": "sync_job_id is required.",
          "code": "validation_failed",
          "field": "sync_job_id",
          "errors": [ { "field": "sync_job_id", "code": "required", "message": "sync_job_id is required." } ],
          "instance": "/api/sync-job-run",
          "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
        }
        """)!;

    // The trigger text comes from the code that writes it, so the example cannot drift from the format.
    private static JsonNode With(this JsonNode node, string name, string value)
    {
        node[name] = value;
        return node;
    }
}
