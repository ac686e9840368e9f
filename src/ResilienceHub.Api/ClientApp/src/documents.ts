// Every GraphQL document the screen sends, and nothing else: the build registers each by its SHA-256 (the
// persisted-documents.json it writes beside the bundle, which the API loads at start), so the screen names its queries
// and writes by documentId and its subscriptions by their registered text. Each is one literal, so that its type is
// its text: api.ts takes only these.

// The administration area.
export const REFERENCE = `{
  organisations { id odsCode name type localIdentifier active groups { code } }
  resilienceGroups { id code name members { id } }
  measures { code name unit kind appliesTo requiredFor mustNotExceed warningAbove criticalAbove maxValue retired
    history { revision changedAt changedBy reason } }
}`;

export const SAVE_ORGANISATION = `mutation($input: SaveOrganisationInput!) {
  saveOrganisation(input: $input) { organisation { id odsCode } errors { code message field } } }`;

export const SAVE_GROUP = `mutation($input: SaveResilienceGroupInput!) {
  saveResilienceGroup(input: $input) { group { id code } errors { code message field } } }`;

export const SAVE_MEASURE = `mutation($input: SaveMeasureInput!) {
  saveMeasure(input: $input) { measure { code history { revision } } errors { code message field } } }`;

// The dashboard: of each organisation what the attention panel, the grouping and the narrative need (how many returns
// are overdue and the earliest, not every one); each tile's key measures and what changed come with TILE_DETAILS for the
// tiles drawn (a closed group draws none); of the alerts the newest 50 critical, 50 warning and 10 information, as listed
// (ALERTS when every one is asked for), and every overdue action, each naming its organisation by id alone (its name is
// the organisation's on the dashboard).
export const DASHBOARD = `query Dashboard($id: ID!, $asOf: DateTime, $codes: [String!]!) {
  incident(id: $id) {
    id reference title status stoodDownAt requiresSignOff
    periods { startsAt dueAt }
    dashboard(asOf: $asOf) {
      asOf systemOpelLevel
      currentPeriod { startsAt }
      opelSpread { level organisations }
      compliance { expected onTime late overdue percentOnTime signedOff awaitingSignOff nil }
      organisations {
        organisation { id odsCode name type }
        opelLevel currentReturn minutesSinceLatestReturn awaitingSignOff
        overdueCount overduePeriods(first: 1) { startsAt dueAt }
        latest { nil criticalIncidentDeclared keyIssues supportRequested period { startsAt } }
      }
      totals { value incidentToDate reportingOrganisations awaitingSignOff measure { code name unit kind } }
      critical: alerts(severity: CRITICAL, first: 50) { ...ListedAlert } criticalCount: alertCount(severity: CRITICAL)
      warning: alerts(severity: WARNING, first: 50) { ...ListedAlert } warningCount: alertCount(severity: WARNING)
      info: alerts(severity: INFO, first: 10) { ...ListedAlert } infoCount: alertCount(severity: INFO)
      actionsOverdue: alerts(kind: "ACTION_OVERDUE") { ...ListedAlert }
      trend(codes: $codes) { measure { code name } points { startsAt value } }
    }
  }
}
fragment ListedAlert on Alert { severity kind message at organisation { id } }`;

// Whom to call about an overdue return: the contacts of the organisations named (at most 100 ids a request), asked only
// by directors and admins, whom the API gives them (every other role is refused the field, so DASHBOARD never asks).
export const CONTACTS = `query Contacts($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Organisation { id contacts { id name email mobile } } }
}`;

// Every alert at the dashboard's instant, when the person asks to see them all.
export const ALERTS = `query Alerts($id: ID!, $asOf: DateTime) {
  incident(id: $id) { dashboard(asOf: $asOf) { alerts { severity kind message at organisation { id } } } }
}`;

// What a drawn tile shows beyond DASHBOARD (at most 300 ids): the key measures of its type in its latest return
// (dashboard.ts's KEY_MEASURES, each by its code as its alias, not every measure), and what changed since the previous.
export const TILE_DETAILS = `query TileDetails($id: ID!, $asOf: DateTime, $ids: [ID!]!) {
  incident(id: $id) { dashboard(asOf: $asOf) { asOf
    organisations(ids: $ids) { organisation { id }
      latest {
          ED_PATIENTS_IN_DEPARTMENT: value(code: "ED_PATIENTS_IN_DEPARTMENT") ELECTIVE_OPS_POSTPONED: value(code: "ELECTIVE_OPS_POSTPONED")
          JUNIOR_DOCTORS_ABSENT: value(code: "JUNIOR_DOCTORS_ABSENT") DELAYED_DISCHARGES: value(code: "DELAYED_DISCHARGES")
          COMMUNITY_APPTS_POSTPONED: value(code: "COMMUNITY_APPTS_POSTPONED") MH_BEDS_OCCUPIED: value(code: "MH_BEDS_OCCUPIED")
          MH_OUT_OF_AREA_PLACEMENTS: value(code: "MH_OUT_OF_AREA_PLACEMENTS") AMBULANCES_QUEUING: value(code: "AMBULANCES_QUEUING")
          INCIDENTS_AWAITING_RESPONSE: value(code: "INCIDENTS_AWAITING_RESPONSE") NHS111_CALLS_WAITING: value(code: "NHS111_CALLS_WAITING")
          NHS111_CALLS_ABANDONED: value(code: "NHS111_CALLS_ABANDONED") GP_OOH_SHIFTS_UNFILLED: value(code: "GP_OOH_SHIFTS_UNFILLED")
          GP_OOH_CASES_WAITING: value(code: "GP_OOH_CASES_WAITING") CARE_PACKAGES_AWAITING_START: value(code: "CARE_PACKAGES_AWAITING_START")
          CARE_HOME_BEDS_AVAILABLE: value(code: "CARE_HOME_BEDS_AVAILABLE") }
      changes { measure { code name unit } previous current difference } } } }
}`;

// One organisation's page: every return it sent with every version, as the dashboard's instant knew them; its first 60
// returns with the page (within the complexity limit), then ORGANISATION_RETURNS for each further 60.
export const ORGANISATION = `query Organisation($id: ID!, $orgId: ID!, $asOf: DateTime) {
  organisation: node(id: $orgId) { ... on Organisation { id odsCode name type } }
  incident(id: $id) {
    id periods { startsAt dueAt }
    sitreps(organisationId: $orgId, first: 60) { pageInfo { hasNextPage endCursor } edges { node { id period { startsAt }
      versions { version submittedAt submittedBy onBehalfOf late nil opelLevel criticalIncidentDeclared keyIssues mitigations
        supportRequested amendmentReason signedOffAt signedOffBy measures { value measure { code name unit } } } } } }
    dashboard(asOf: $asOf) {
      asOf
      organisations { organisation { id } opelLevel currentReturn overduePeriods { startsAt dueAt } awaitingSignOff }
      alerts { severity kind message at organisation { id } }
    }
  }
}`;

// The system sitrep for the call: the dashboard at its instant beside the dashboard at the previous report time, for what
// changed between them.
export const SYSTEM_SITREP = `query SystemSitrep($id: ID!, $asOf: DateTime!, $previous: DateTime, $hasPrevious: Boolean!) {
  incident(id: $id) {
    id reference title status stoodDownAt
    now: dashboard(asOf: $asOf) {
      asOf systemOpelLevel
      opelSpread { level organisations }
      compliance { expected onTime late overdue percentOnTime }
      organisations {
        organisation { id odsCode name type }
        opelLevel currentReturn
        overduePeriods { startsAt dueAt }
        latest { criticalIncidentDeclared supportRequested }
      }
      totals { value incidentToDate reportingOrganisations measure { code name unit kind } }
      alerts { severity kind message at organisation { name odsCode } }
    }
    before: dashboard(asOf: $previous) @include(if: $hasPrevious) {
      asOf systemOpelLevel
      organisations { organisation { id } opelLevel }
      totals { value incidentToDate measure { code } }
    }
  }
}`;

// The decision log as it stood at an instant, a page at a time.
export const LOG_AT = `query LogAt($id: ID!, $asOf: DateTime!, $after: String) {
  incident(id: $id) {
    log(asOf: $asOf, first: 200, after: $after) { pageInfo { hasNextPage endCursor }
      edges { node { number kind summary rationale decisionMaker occurredAt corrects { number } correctedBy { number } } } }
  }
}`;

export const ORGANISATION_RETURNS = `query OrganisationReturns($id: ID!, $orgId: ID!, $after: String!) {
  incident(id: $id) {
    sitreps(organisationId: $orgId, first: 60, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id period { startsAt }
      versions { version submittedAt submittedBy onBehalfOf late nil opelLevel criticalIncidentDeclared keyIssues mitigations
        supportRequested amendmentReason signedOffAt signedOffBy measures { value measure { code name unit } } } } } }
  }
}`;

// The decision log and actions.
export const LOG = `query Log($id: ID!) {
  incident(id: $id) {
    id reference title status
    log(first: 200) { totalCount edges { node { id number kind summary rationale optionsConsidered decisionMaker occurredAt
      recordedAt recordedBy delayReason basedOnAsOf correctionReason corrects { number } correctedBy { number } } } }
    actions { id number title owner { name odsCode } ownerName dueAt status overdue version decision { number } updates { at by status note } }
  }
}`;

export const RECORD = `mutation Record($input: RecordLogEntryInput!) {
  recordLogEntry(input: $input) { entry { id number basedOnAsOf } errors { code message field } } }`;

export const UPDATE = `mutation Update($input: UpdateActionInput!) {
  updateAction(input: $input) { action { id version } errors { code message field } } }`;

// The reporter's form.
export const CONTEXT = `query ReportContext($id: ID!, $orgId: ID!, $type: OrganisationType!) {
  measures(organisationType: $type) { code name unit requiredFor }
  incident(id: $id) {
    reference status stoodDownAt amendableUntil requiresSignOff
    periods { startsAt opensAt dueAt }
    dashboard { asOf currentPeriod { startsAt } }
    sitreps(organisationId: $orgId, first: 200) { edges { node { id currentVersion version late nil signedOffAt signedOffBy opelLevel
      criticalIncidentDeclared keyIssues mitigations supportRequested period { startsAt } measures { value measure { code } } } } }
  }
}`;

export const SUBMIT = `mutation Submit($input: SubmitSitrepInput!) {
  submitSitrep(input: $input) { sitrep { id version late } errors { code message field } } }`;

export const AMEND = `mutation Amend($input: AmendSitrepInput!) {
  amendSitrep(input: $input) { sitrep { id version } errors { code message field } } }`;

export const SIGN_OFF = `mutation SignOff($id: ID!, $version: Int!) {
  signOffSitrep(sitrepId: $id, version: $version) { sitrep { id version signedOffAt signedOffBy } errors { code message field } } }`;

// Declaring an incident, and standing one down (directors).
export const DECLARE_CONTEXT = `{ resilienceGroups { id code name members { id odsCode name active } } }`;

export const DECLARE = `mutation Declare($input: DeclareIncidentInput!) {
  declareIncident(input: $input) { incident { id reference } errors { code message field } } }`;

export const STAND_DOWN = `mutation StandDown($id: ID!) {
  standDownIncident(incidentId: $id) { incident { id status stoodDownAt } errors { code message field } } }`;

// Who is signed in, and the incidents they may see.
export const VIEWER = `{ viewer { name roles organisations { id odsCode name type } }
  incidents { id reference title status exercise participants { id odsCode name type } } }`;

// Live updates, over graphql-transport-ws.
export const RETURN_CHANGES = 'subscription($id: ID!) { sitrepSubmitted(incidentId: $id) { id version } }';
export const LOG_CHANGES = 'subscription($id: ID!) { logChanged(incidentId: $id) { id } }';
export const ACTION_CHANGES = 'subscription($id: ID!) { actionChanged(incidentId: $id) { id version } }';
