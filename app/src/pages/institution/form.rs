//! The institution profile form (manager of the institution, or Dinsos for its region).

use crate::api::UpdateInstitution;
use crate::components::error_view::{AlertText, StatusText};
use crate::i18n::use_lang;
use domain::profile::Profile;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ProfileForm(
    id: String,
    profile: Profile,
    /// The number of children on record (from the registration or an import).
    children_count: i64,
    action: ServerAction<UpdateInstitution>,
) -> impl IntoView {
    let lang = use_lang();
    let message = move || match action.value().get() {
        Some(Ok(())) => Some(view! { <StatusText text=lang.t("profile-saved") /> }.into_any()),
        Some(Err(e)) => Some(view! { <AlertText text=lang.t(e.message_key()) /> }.into_any()),
        None => None,
    };
    let p = profile;
    let text = move |name: &'static str, label: &'static str, value: String| {
        view! {
            <label class="field">
                <span>{lang.t(label)}</span>
                <input type="text" name=name value=value />
            </label>
        }
    };
    let number = move |name: &'static str, label: &'static str, value: u32| {
        view! {
            <label class="field">
                <span>{lang.t(label)}</span>
                <input type="number" min="0" inputmode="numeric" name=name value=value.to_string() />
            </label>
        }
    };
    let date = move |name: &'static str, label: &'static str, value: String| {
        view! {
            <label class="field">
                <span>{lang.t(label)}</span>
                <input type="date" name=name value=value />
            </label>
        }
    };
    view! {
        <section class="card" aria-labelledby="profile-edit-title">
            <h2 id="profile-edit-title">{lang.t("profile-edit")}</h2>
            {message}
            <ActionForm action attr:class="profile-form">
                <input type="hidden" name="id" value=id />
                <fieldset>
                    <legend>{lang.t("profile-eyebrow")}</legend>
                    {text("name", "profile-name", p.name.clone())}
                    {text("address", "profile-address", p.address.clone())}
                    {text("foundation", "profile-foundation", p.foundation.clone())}
                    {number("capacity", "profile-capacity", p.capacity)}
                </fieldset>
                <fieldset>
                    <legend>{lang.t("profile-children")}</legend>
                    {(p.children() == 0 && children_count > 0)
                        .then(|| {
                            view! {
                                <p class="muted">
                                    {lang.t_with("profile-children-recorded", &[("count", children_count.to_string())])}
                                </p>
                            }
                        })}
                    {number("children_boys", "profile-boys", p.children_boys)}
                    {number("children_girls", "profile-girls", p.children_girls)}
                    {number("children_under_6", "profile-age-under-6", p.children_under_6)}
                    {number("children_6_12", "profile-age-6-12", p.children_6_12)}
                    {number("children_13_17", "profile-age-13-17", p.children_13_17)}
                    {number("children_18_plus", "profile-age-18", p.children_18_plus)}
                </fieldset>
                <fieldset>
                    <legend>{lang.t("profile-staff")}</legend>
                    {number("staff_caregivers", "profile-caregivers", p.staff_caregivers)}
                    {number("staff_social_workers", "profile-social-workers", p.staff_social_workers)}
                    {number("staff_other", "profile-other-staff", p.staff_other)}
                </fieldset>
                <fieldset>
                    <legend>{lang.t("home-legal")}</legend>
                    {text("registration_number", "profile-registration-number", p.registration.number.clone())}
                    {date("registration_issued_on", "profile-issued-on", p.registration.issued_on.clone())}
                    {date("registration_expires_on", "profile-expires-on", p.registration.expires_on.clone())}
                    {text("permit_number", "profile-permit-number", p.permit.number.clone())}
                    {date("permit_issued_on", "profile-issued-on", p.permit.issued_on.clone())}
                    {date("permit_expires_on", "profile-expires-on", p.permit.expires_on.clone())}
                    {text("deed_number", "profile-deed-number", p.deed.number.clone())}
                    {date("deed_issued_on", "profile-deed-date", p.deed.issued_on.clone())}
                    {text("npwp", "profile-npwp", p.npwp.clone())}
                </fieldset>
                <button type="submit" class="btn btn-primary btn-block">
                    {lang.t("profile-save")}
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}
