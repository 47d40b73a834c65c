//! Who may do what: one table of roles and permissions, and one table of staff routes and the
//! permission each needs. The staff router denies any route that is not in [`ROUTES`], so a
//! new page without a policy is refused to everyone (and the route-table test fails).

use axum::http::Method;
use imha_core::accounts::Role;

/// What a request needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Anyone, signed in or not (sign-in, set-up and reset pages).
    Public,
    /// Any signed-in member of staff who has given their second factor where their role needs
    /// one.
    SignedIn,
    /// A signed-in person who has given a password but not yet the second factor.
    PasswordGiven,
    /// Organisations, wards and areas.
    ManageOrganisations,
    /// Invite users, change roles, deactivate, reset second factors and passwords.
    ManageUsers,
    /// Issue and revoke API tokens for hospitals and other machine clients.
    ManageApiTokens,
    /// Search and export the audit trail.
    ViewAudit,
    /// Refer a patient, recording the s130D duty to inform (hospital staff; managers taking a
    /// referral by phone).
    MakeReferrals,
    /// The triage queue: see referrals, accept, decline, record the person's decision and the
    /// first contact.
    TriageReferrals,
    /// Find patients from the opt-out feed and read their record and legal timeline.
    ViewPatients,
    /// Confirm or reject likely matches between patient records (merging them).
    MatchPatients,
    /// See and record the s130D duty to inform (hospital staff for their own hospital).
    RecordDuty,
    /// Casework: cases, issues, contacts, tasks, records access and outcomes. Advocates work on
    /// the cases allocated to them (checked per case); managers on every case.
    WorkCases,
    /// Allocate cases to advocates (overriding a conflict with a written reason), and the
    /// manager's view of the service.
    AllocateCases,
    /// Record advocates' training, qualifications and criminal record certificates.
    ManageAdvocates,
    /// Add links and documents to the resource library, mark items reviewed, remove them.
    ManageResources,
    /// Declare one's own links to patients (independence, reg 6(c) and (d)).
    DeclareInterests,
    /// See the provider's quality self-assessments: managers and advocates their own
    /// provider's (drafts too), commissioners the final ones of providers in their area
    /// (scoped per record by `imha_core::quality::Scope`).
    ViewQuality,
    /// Start, rate, add actions to and finalise the provider's self-assessment (managers).
    AssessQuality,
    /// Commissioner and manager reports, their CSV files and the annual impact report: counts
    /// under the small-number rule, never a patient's identity. A commissioner sees only their
    /// own local authority's area (checked by the handlers). Advocates and hospital staff do
    /// not: product.md gives reports to managers and commissioners.
    ViewReports,
}

/// The permission table. Administrators run the platform; they do not see casework (that
/// arrives with later features and its own permissions).
pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match permission {
        Public | SignedIn | PasswordGiven => true,
        ManageOrganisations | ManageUsers | ManageApiTokens | ViewAudit | ManageResources => {
            role == Role::Admin
        }
        MakeReferrals => matches!(role, Role::HospitalReferrer | Role::ServiceManager),
        TriageReferrals | MatchPatients => role == Role::ServiceManager,
        ViewPatients => matches!(role, Role::ServiceManager | Role::Advocate),
        RecordDuty => matches!(role, Role::HospitalReferrer | Role::ServiceManager),
        WorkCases | DeclareInterests => matches!(role, Role::ServiceManager | Role::Advocate),
        AllocateCases | ManageAdvocates | AssessQuality => role == Role::ServiceManager,
        ViewQuality => matches!(
            role,
            Role::ServiceManager | Role::Advocate | Role::Commissioner
        ),
        ViewReports => matches!(
            role,
            Role::ServiceManager | Role::Commissioner | Role::Admin
        ),
    }
}

/// Every staff route: method, path pattern (as axum matches it) and the permission it needs.
pub const ROUTES: &[(Method, &str, Permission)] = &[
    (
        Method::GET,
        "/staff/admin/resources",
        Permission::ManageResources,
    ),
    (
        Method::POST,
        "/staff/admin/resources/links",
        Permission::ManageResources,
    ),
    (
        Method::POST,
        "/staff/admin/resources/documents",
        Permission::ManageResources,
    ),
    (
        Method::POST,
        "/staff/admin/resources/{id}/reviewed",
        Permission::ManageResources,
    ),
    (
        Method::POST,
        "/staff/admin/resources/{id}/remove",
        Permission::ManageResources,
    ),
    (Method::GET, "/staff/login", Permission::Public),
    (Method::POST, "/staff/login", Permission::Public),
    (Method::GET, "/staff/login/code", Permission::PasswordGiven),
    (Method::POST, "/staff/login/code", Permission::PasswordGiven),
    (Method::GET, "/staff/setup", Permission::Public),
    (Method::POST, "/staff/setup", Permission::Public),
    (Method::GET, "/staff/reset", Permission::Public),
    (Method::POST, "/staff/reset", Permission::Public),
    (Method::GET, "/staff/forgotten-password", Permission::Public),
    (
        Method::POST,
        "/staff/forgotten-password",
        Permission::Public,
    ),
    (Method::POST, "/staff/logout", Permission::PasswordGiven),
    (
        Method::POST,
        "/staff/logout/everywhere",
        Permission::SignedIn,
    ),
    (Method::GET, "/staff", Permission::SignedIn),
    (Method::GET, "/staff/admin/users", Permission::ManageUsers),
    (
        Method::GET,
        "/staff/admin/users/new",
        Permission::ManageUsers,
    ),
    (
        Method::POST,
        "/staff/admin/users/new",
        Permission::ManageUsers,
    ),
    (
        Method::GET,
        "/staff/admin/users/{id}",
        Permission::ManageUsers,
    ),
    (
        Method::POST,
        "/staff/admin/users/{id}",
        Permission::ManageUsers,
    ),
    (
        Method::GET,
        "/staff/admin/organisations",
        Permission::ManageOrganisations,
    ),
    (
        Method::POST,
        "/staff/admin/organisations",
        Permission::ManageOrganisations,
    ),
    (
        Method::GET,
        "/staff/admin/tokens",
        Permission::ManageApiTokens,
    ),
    (
        Method::POST,
        "/staff/admin/tokens",
        Permission::ManageApiTokens,
    ),
    (Method::GET, "/staff/admin/audit", Permission::ViewAudit),
    (
        Method::GET,
        "/staff/admin/audit/export",
        Permission::ViewAudit,
    ),
    (
        Method::GET,
        "/staff/referrals/new",
        Permission::MakeReferrals,
    ),
    (
        Method::POST,
        "/staff/referrals/new",
        Permission::MakeReferrals,
    ),
    (Method::GET, "/staff/referrals", Permission::TriageReferrals),
    (
        Method::GET,
        "/staff/referrals/{id}",
        Permission::TriageReferrals,
    ),
    (
        Method::POST,
        "/staff/referrals/{id}/decision",
        Permission::TriageReferrals,
    ),
    (
        Method::POST,
        "/staff/referrals/{id}/first-contact",
        Permission::TriageReferrals,
    ),
    (
        Method::POST,
        "/staff/referrals/{id}/outcome",
        Permission::TriageReferrals,
    ),
    (Method::GET, "/staff/patients", Permission::ViewPatients),
    (
        Method::GET,
        "/staff/patients/matches",
        Permission::MatchPatients,
    ),
    (
        Method::POST,
        "/staff/patients/matches/{id}",
        Permission::MatchPatients,
    ),
    (
        Method::GET,
        "/staff/patients/{id}",
        Permission::ViewPatients,
    ),
    (
        Method::GET,
        "/staff/patients/{id}/letter",
        Permission::ViewPatients,
    ),
    (
        Method::GET,
        "/staff/patients/{id}/letter.pdf",
        Permission::ViewPatients,
    ),
    (Method::GET, "/staff/duty", Permission::RecordDuty),
    (Method::POST, "/staff/duty/{id}", Permission::RecordDuty),
    (Method::GET, "/staff/work", Permission::WorkCases),
    (Method::GET, "/staff/tasks/new", Permission::WorkCases),
    (Method::POST, "/staff/tasks/new", Permission::WorkCases),
    (
        Method::POST,
        "/staff/tasks/{id}/done",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/legal-status",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/legal-status",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/tribunal-applications/new",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/tribunal-applications/new",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/tribunal-applications/{id}/withdrawn",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/tribunal-applications/{id}/withdrawn",
        Permission::WorkCases,
    ),
    (Method::GET, "/staff/cases", Permission::WorkCases),
    (Method::GET, "/staff/cases/{id}", Permission::WorkCases),
    (
        Method::GET,
        "/staff/cases/{id}/letter",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/letter.pdf",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/pause",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/pause",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/resume",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/resume",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/close",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/close",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/reopen",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/reopen",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/advocacy",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/advocacy",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/home-council",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/home-council",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/outcome",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/outcome",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/issues/new",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/issues/new",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/issues/{issue}",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/issues/{issue}",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/contacts/new",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/contacts/new",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/records-access/new",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/records-access/new",
        Permission::WorkCases,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/records-access/{request}/decision",
        Permission::WorkCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/records-access/{request}/decision",
        Permission::WorkCases,
    ),
    (Method::GET, "/staff/advocates", Permission::ManageAdvocates),
    (
        Method::GET,
        "/staff/advocates/{id}",
        Permission::ManageAdvocates,
    ),
    (
        Method::POST,
        "/staff/advocates/{id}/training",
        Permission::ManageAdvocates,
    ),
    (
        Method::POST,
        "/staff/advocates/{id}/certificates",
        Permission::ManageAdvocates,
    ),
    (
        Method::GET,
        "/staff/declarations",
        Permission::DeclareInterests,
    ),
    (
        Method::GET,
        "/staff/declarations/new",
        Permission::DeclareInterests,
    ),
    (
        Method::POST,
        "/staff/declarations/new",
        Permission::DeclareInterests,
    ),
    (
        Method::POST,
        "/staff/declarations/withdraw",
        Permission::DeclareInterests,
    ),
    (
        Method::GET,
        "/staff/cases/{id}/allocate",
        Permission::AllocateCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/allocate",
        Permission::AllocateCases,
    ),
    (
        Method::POST,
        "/staff/cases/{id}/allocate/override",
        Permission::AllocateCases,
    ),
    (Method::GET, "/staff/manage", Permission::AllocateCases),
    (Method::GET, "/staff/quality", Permission::ViewQuality),
    (Method::GET, "/staff/quality/new", Permission::AssessQuality),
    (
        Method::POST,
        "/staff/quality/new",
        Permission::AssessQuality,
    ),
    (
        Method::GET,
        "/staff/quality/compare",
        Permission::ViewQuality,
    ),
    // The assessment page and its exports: `{id}`, `{id}.csv` and `{id}.pdf` (one route; the
    // router cannot match a suffix after a parameter).
    (Method::GET, "/staff/quality/{id}", Permission::ViewQuality),
    (
        Method::POST,
        "/staff/quality/{id}/indicators/{n}",
        Permission::AssessQuality,
    ),
    (
        Method::GET,
        "/staff/quality/{id}/actions/new",
        Permission::AssessQuality,
    ),
    (
        Method::POST,
        "/staff/quality/{id}/actions/new",
        Permission::AssessQuality,
    ),
    (
        Method::POST,
        "/staff/quality/{id}/actions/{action}/done",
        Permission::AssessQuality,
    ),
    (
        Method::GET,
        "/staff/quality/{id}/finalise",
        Permission::AssessQuality,
    ),
    (
        Method::POST,
        "/staff/quality/{id}/finalise",
        Permission::AssessQuality,
    ),
    (Method::GET, "/staff/reports", Permission::ViewReports),
    (
        Method::GET,
        "/staff/reports/impact",
        Permission::ViewReports,
    ),
    (
        Method::GET,
        "/staff/reports/impact.pdf",
        Permission::ViewReports,
    ),
    (
        Method::GET,
        "/staff/reports/{file}",
        Permission::ViewReports,
    ),
];

/// The permission a route needs, or `None` if the route has no policy (then it is refused).
pub fn permission_for(method: &Method, path: &str) -> Option<Permission> {
    // HEAD is answered by GET handlers.
    let method = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    ROUTES
        .iter()
        .find(|(m, p, _)| m == method && *p == path)
        .map(|(_, _, perm)| *perm)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn only_administrators_administer() {
        for role in Role::ALL {
            for perm in [
                Permission::ManageUsers,
                Permission::ManageOrganisations,
                Permission::ManageApiTokens,
                Permission::ViewAudit,
            ] {
                assert_eq!(allows(role, perm), role == Role::Admin, "{role:?} {perm:?}");
            }
            assert!(allows(role, Permission::SignedIn));
        }
    }

    #[test]
    fn referrals_are_made_by_hospital_staff_and_managers_and_triaged_by_managers() {
        for role in Role::ALL {
            assert_eq!(
                allows(role, Permission::MakeReferrals),
                matches!(role, Role::HospitalReferrer | Role::ServiceManager),
                "{role:?}"
            );
            assert_eq!(
                allows(role, Permission::TriageReferrals),
                role == Role::ServiceManager,
                "{role:?}"
            );
        }
    }

    #[test]
    fn patients_are_seen_by_managers_and_advocates_and_the_duty_by_hospitals_and_managers() {
        for role in Role::ALL {
            assert_eq!(
                allows(role, Permission::ViewPatients),
                matches!(role, Role::ServiceManager | Role::Advocate),
                "{role:?}"
            );
            assert_eq!(
                allows(role, Permission::MatchPatients),
                role == Role::ServiceManager,
                "{role:?}"
            );
            assert_eq!(
                allows(role, Permission::RecordDuty),
                matches!(role, Role::HospitalReferrer | Role::ServiceManager),
                "{role:?}"
            );
        }
    }

    #[test]
    fn casework_is_for_advocates_and_managers_and_allocation_for_managers() {
        for role in Role::ALL {
            for perm in [Permission::WorkCases, Permission::DeclareInterests] {
                assert_eq!(
                    allows(role, perm),
                    matches!(role, Role::ServiceManager | Role::Advocate),
                    "{role:?} {perm:?}"
                );
            }
            for perm in [Permission::AllocateCases, Permission::ManageAdvocates] {
                assert_eq!(
                    allows(role, perm),
                    role == Role::ServiceManager,
                    "{role:?} {perm:?}"
                );
            }
        }
    }

    #[test]
    fn quality_is_assessed_by_managers_and_seen_by_advocates_and_commissioners() {
        for role in Role::ALL {
            assert_eq!(
                allows(role, Permission::AssessQuality),
                role == Role::ServiceManager,
                "{role:?}"
            );
            assert_eq!(
                allows(role, Permission::ViewQuality),
                matches!(
                    role,
                    Role::ServiceManager | Role::Advocate | Role::Commissioner
                ),
                "{role:?}"
            );
        }
        // Every change is a manager's; every page that only shows is open to viewers.
        for (m, p, perm) in ROUTES
            .iter()
            .filter(|(_, p, _)| p.starts_with("/staff/quality"))
        {
            if *m == Method::POST {
                assert_eq!(*perm, Permission::AssessQuality, "{m} {p}");
            } else {
                assert!(
                    matches!(perm, Permission::ViewQuality | Permission::AssessQuality),
                    "{m} {p}"
                );
            }
        }
    }

    #[test]
    fn reports_are_for_managers_commissioners_and_administrators_only() {
        for role in Role::ALL {
            assert_eq!(
                allows(role, Permission::ViewReports),
                matches!(
                    role,
                    Role::ServiceManager | Role::Commissioner | Role::Admin
                ),
                "{role:?}"
            );
        }
        for path in [
            "/staff/reports",
            "/staff/reports/impact",
            "/staff/reports/impact.pdf",
            "/staff/reports/{file}",
        ] {
            assert_eq!(
                permission_for(&Method::GET, path),
                Some(Permission::ViewReports),
                "{path}"
            );
        }
        assert!(!allows(Role::Advocate, Permission::ViewReports));
        assert!(!allows(Role::HospitalReferrer, Permission::ViewReports));
    }

    #[test]
    fn each_route_appears_once() {
        for (i, (m, p, _)) in ROUTES.iter().enumerate() {
            assert!(p.starts_with("/staff"), "{p}");
            assert!(
                !ROUTES[i + 1..].iter().any(|(m2, p2, _)| m2 == m && p2 == p),
                "{m} {p} twice"
            );
        }
    }
}
