// What a web app writes against the types openapi-typescript generates from openapi/openapi.yaml: if an
// operation loses its success schema, or a field changes type, this stops compiling (tsc --strict in CI).
import type { components, paths } from "./generated/api";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;

type LookupRequest = paths["/api/v1/public/payment-status"]["post"]["requestBody"] extends
    { content: { "application/json": infer B } } ? B : never;
type LookupAnswer = Json<paths["/api/v1/public/payment-status"]["post"]["responses"][200]>;
type DeliveryList = Json<paths["/api/v1/deliveries"]["get"]["responses"][200]>;
type DeliveryDetail = Json<paths["/api/v1/deliveries/{id}"]["get"]["responses"][200]>;
type Confirmed = Json<paths["/api/v1/deliveries/{id}/confirmation"]["post"]["responses"][201]>;
type Cycle = Json<paths["/api/v1/cycles/{id}/approval"]["post"]["responses"][200]>;
type Beneficiary = Json<paths["/api/v1/beneficiaries/{id}"]["put"]["responses"][200]>;
type AuditPage = Json<paths["/api/v1/audit"]["get"]["responses"][200]>;
type Problem = components["schemas"]["Problem"];

export const lookup: LookupRequest = { nationalId: "051050000001", dateOfBirth: "1950-01-01" };

/** The months a beneficiary sees, newest first, as "2026-12: PAID". */
export function monthsShown(answer: LookupAnswer): string[] {
    return (answer.beneficiaries ?? []).flatMap(person =>
        (person.months ?? []).map(m => `${m.month ?? "?"}: ${m.status ?? "?"}`));
}

export function openDeliveries(list: DeliveryList): string[] {
    return list.filter(d => d.status === "OPEN").map(d => `${d.reference ?? ""} ${d.amountVnd ?? 0}`);
}

export function photosOf(detail: DeliveryDetail): number {
    return (detail.confirmations ?? []).reduce((n, c) => n + (c.photos ?? []).length, 0);
}

export function receipt(c: Confirmed): string {
    return `${c.id ?? ""} ${c.outcome ?? ""} ${c.amountVnd ?? 0}`;
}

export function approvedBy(cycle: Cycle): string | undefined {
    return cycle.approvedBy;
}

export function version(b: Beneficiary): number | undefined {
    return b.version;
}

export function changedFields(page: AuditPage): string[] {
    return (page.items ?? []).flatMap(entry => Object.keys(entry.changes ?? {}));
}

export function explain(p: Problem): string {
    return `${p.code}: ${p.title}${(p.errors ?? []).map(e => ` ${e.field ?? ""} ${e.code ?? ""}`).join("")}`;
}

/** A typed call, as the web app makes it (fetch from the browser; bearer token, never cookies). */
export async function fetchDetail(base: string, token: string, id: string): Promise<DeliveryDetail | Problem> {
    const r = await fetch(`${base}/api/v1/deliveries/${encodeURIComponent(id)}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    });
    return r.ok ? (await r.json()) as DeliveryDetail : (await r.json()) as Problem;
}
