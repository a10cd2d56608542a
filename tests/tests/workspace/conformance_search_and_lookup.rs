//! Conformance: search order and paging, the seen log and dialog lookup
//! (Altinn/dialogporten v1.119.1). Each case names its upstream source.

use dialogporten::reqwest::Method;
use dialogporten_server::{Config, TokenGrant, auth::scopes};
use dp_integration_tests::conformance::{Answer, Dp, dialog};
use serde_json::{Value, json};
use uuid::Uuid;

const SEARCH: &str = "/api/v1/serviceowner/dialogs";
const USER: &str = "urn:altinn:person:identifier-no:08844397713";

/// OrderByExtensions.AddOrderByDialogs: five dialogs a day apart, due a year apart a century on.
async fn five_dialogs(dp: &Dp) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 0..5 {
        let mut body = dialog();
        body["createdAt"] = json!(format!("2023-01-0{}T00:00:00Z", i + 1));
        body["updatedAt"] = json!(format!("2023-01-0{}T00:00:00Z", i + 1));
        body["dueAt"] = json!(format!("{}-01-01T00:00:00Z", 2123 + i));
        ids.push(dp.created(&body).await);
    }
    ids
}

/// Every page of a search with `limit=2`, following continuation tokens; the ids and each page's `orderBy`.
async fn all_pages(dp: &Dp, order_by: &str) -> (Vec<Uuid>, Vec<String>) {
    let mut ids = Vec::new();
    let mut orders = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut path = format!("{SEARCH}?limit=2&orderBy={order_by}");
        if let Some(token) = &token {
            path.push_str(&format!("&continuationToken={token}"));
        }
        let page = dp.send(Method::GET, &path, None).await;
        page.expect(200);
        for item in page.body["items"].as_array().into_iter().flatten() {
            ids.push(item["id"].as_str().and_then(|s| s.parse().ok()).expect("an id"));
        }
        orders.push(page.body["orderBy"].as_str().unwrap_or_default().to_owned());
        if page.body["hasNextPage"] != true {
            break;
        }
        token = page.body["continuationToken"].as_str().map(str::to_owned);
        assert!(token.is_some(), "a next page needs a token");
    }
    (ids, orders)
}

/// OrderBySnapshotTests.OrderBy_Search_Verify_Output, one row per `orderBy` (Snapshots/OrderBySnapshotTests.*.verified.txt):
/// three pages of two, in the order asked, and `orderBy` as upstream renders it (keys in lower case, `id_desc`).
#[tokio::test]
async fn search_orders_and_pages_by_each_time_field() {
    let dp = Dp::start().await;
    let ids = five_dialogs(&dp).await;
    let oldest_first: Vec<Uuid> = ids.clone();
    let newest_first: Vec<Uuid> = ids.iter().rev().copied().collect();
    for (order_by, expected, rendered) in [
        ("createdAt", &newest_first, "createdat_desc,id_desc"),
        ("createdAt_asc", &oldest_first, "createdat_asc,id_desc"),
        ("updatedAt", &newest_first, "updatedat_desc,id_desc"),
        ("updatedAt_asc", &oldest_first, "updatedat_asc,id_desc"),
        ("contentUpdatedAt", &newest_first, "contentupdatedat_desc,id_desc"),
        ("contentUpdatedAt_asc", &oldest_first, "contentupdatedat_asc,id_desc"),
        ("dueAt", &newest_first, "dueat_desc,id_desc"),
        ("dueAt_asc", &oldest_first, "dueat_asc,id_desc"),
    ] {
        let (found, orders) = all_pages(&dp, order_by).await;
        assert_eq!(&found, expected, "{order_by}");
        assert_eq!(orders.len(), 3, "{order_by}: five dialogs make three pages of two");
        assert!(orders.iter().all(|o| o == rendered), "{order_by}: {orders:?}");
    }
}

/// OrderSet.TryParse ("eks: orderBy=createdAt_asc,updatedAt_desc"): several keys sort in turn, id last;
/// k6 `enduser-search` and the Bruno collection use `dueAt_desc,updatedAt_desc`.
#[tokio::test]
async fn a_composite_order_sorts_by_each_key_in_turn() {
    let dp = Dp::start().await;
    // Two share a due date; they are told apart by updatedAt, the rest have none.
    let mut made = Vec::new();
    for (due, updated) in [
        (Some("2124-01-01T00:00:00Z"), "2023-01-01T00:00:00Z"),
        (Some("2124-01-01T00:00:00Z"), "2023-01-03T00:00:00Z"),
        (Some("2125-01-01T00:00:00Z"), "2023-01-02T00:00:00Z"),
        (None, "2023-01-04T00:00:00Z"),
        (None, "2023-01-05T00:00:00Z"),
    ] {
        let mut body = dialog();
        body["createdAt"] = json!("2023-01-01T00:00:00Z");
        body["updatedAt"] = json!(updated);
        if let Some(due) = due {
            body["dueAt"] = json!(due);
        }
        made.push(dp.created(&body).await);
    }
    let (found, orders) = all_pages(&dp, "dueAt_desc,updatedAt_desc").await;
    assert_eq!(found, vec![made[2], made[1], made[0], made[4], made[3]]);
    assert!(orders.iter().all(|o| o == "dueat_desc,updatedat_desc,id_desc"), "{orders:?}");
    let (ascending, _) = all_pages(&dp, "dueAt_desc,updatedAt_asc,id_asc").await;
    assert_eq!(ascending, vec![made[2], made[0], made[1], made[3], made[4]]);
}

/// OrderSet.TryParse: a key given twice, an unknown key or direction is refused (400 on `orderBy`);
/// a lone `id` gets the default order first.
#[tokio::test]
async fn order_sets_are_parsed_as_upstream() {
    let dp = Dp::start().await;
    dp.created(&dialog()).await;
    for bad in ["dueAt,dueAt_asc", "id_asc,id_desc", "title_asc", "createdAt_sideways", "createdAt_asc_desc"] {
        let answer = dp.send(Method::GET, &format!("{SEARCH}?orderBy={bad}"), None).await;
        answer.expect(400);
        assert!(answer.has_error_key("orderBy"), "{bad}: {}", answer.body);
    }
    let answer = dp.send(Method::GET, &format!("{SEARCH}?orderBy=id_asc"), None).await;
    assert_eq!(answer.expect(200).body["orderBy"], "contentupdatedat_desc,id_asc");
    let answer = dp.send(Method::GET, &format!("{SEARCH}?orderBy=CREATEDAT_ASC"), None).await;
    assert_eq!(answer.expect(200).body["orderBy"], "createdat_asc,id_desc");
}

/// ContinuationTokenSet: a token only continues the order it was issued for.
#[tokio::test]
async fn a_token_continues_only_its_own_order() {
    let dp = Dp::start().await;
    five_dialogs(&dp).await;
    let first = dp.send(Method::GET, &format!("{SEARCH}?limit=2&orderBy=dueAt_desc,updatedAt_desc"), None).await;
    let token = first.expect(200).body["continuationToken"].as_str().expect("a token").to_owned();
    let other =
        dp.send(Method::GET, &format!("{SEARCH}?limit=2&orderBy=dueAt_desc&continuationToken={token}"), None).await;
    other.expect(400);
    assert!(other.has_error_key("continuationToken"));
}

fn seen_ids(answer: &Answer, list: &str) -> Vec<String> {
    answer.body[list]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["seenBy"]["actorId"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// ServiceOwner SeenLogTests.Dialog_Not_Fetched_By_EndUser_Should_Have_Empty_SeenLogs
#[tokio::test]
async fn a_dialog_nobody_fetched_has_empty_seen_logs() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let view = dp.get(id).await;
    assert_eq!(view.body["seenSinceLastUpdate"], json!([]));
    assert_eq!(view.body["seenSinceLastContentUpdate"], json!([]));
}

/// ServiceOwner SeenLogTests.Get_Dialog_SeenLog_Should_Return_User_Ids_Unhashed,
/// Get_SeenLog_Should_Return_User_Ids_Unhashed, Search_SeenLog_Should_Return_User_Ids_Unhashed
#[tokio::test]
async fn seen_logs_name_the_user_unhashed() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let seen = dp.get_as_end_user(id, USER).await;
    assert_eq!(seen_ids(&seen, "seenSinceLastUpdate"), [USER]);
    assert_eq!(seen_ids(&seen, "seenSinceLastContentUpdate"), [USER]);
    let entry = seen.body["seenSinceLastUpdate"][0]["id"].as_str().expect("an entry id").to_owned();
    let one = dp.send(Method::GET, &format!("{SEARCH}/{id}/seenlog/{entry}"), None).await;
    assert_eq!(one.expect(200).body["seenBy"]["actorId"], USER);
    let all = dp.send(Method::GET, &format!("{SEARCH}/{id}/seenlog"), None).await;
    assert_eq!(all.expect(200).body.as_array().map(Vec::len), Some(1));
    assert!(
        all.body[0]["seenBy"]["actorId"].as_str().is_some_and(|a| a.starts_with("urn:altinn:person:identifier-no:"))
    );
}

/// ServiceOwner SeenLogTests.SeenLogs_Should_Track_UpdatedAt_And_ContentUpdatedAt_For_Different_Users
#[tokio::test]
async fn two_users_make_two_entries() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    dp.get_as_end_user(id, "urn:altinn:person:identifier-no:06326702550").await.expect(200);
    let view = dp.get_as_end_user(id, "urn:altinn:person:identifier-no:15242005985").await;
    assert_eq!(seen_ids(&view, "seenSinceLastUpdate").len(), 2);
    assert_eq!(seen_ids(&view, "seenSinceLastContentUpdate").len(), 2);
}

/// ServiceOwner SeenLogTests.SeenLogs_Should_Track_ContentUpdatedAt_For_Different_Users
#[tokio::test]
async fn a_non_content_update_separates_the_two_lists() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    dp.get_as_end_user(id, USER).await.expect(200);
    let mut body = dp.put_view(id).await;
    body["externalReference"] = json!("foo:bar");
    dp.put(id, &body).await.expect(204);
    let other = "urn:altinn:person:identifier-no:13213312833";
    let view = dp.get_as_end_user(id, other).await;
    assert_eq!(seen_ids(&view, "seenSinceLastContentUpdate").len(), 2, "both saw the current content");
    assert_eq!(seen_ids(&view, "seenSinceLastUpdate"), [other], "only the new user saw the latest update");
}

/// ServiceOwner SeenLogTests.Multiple_Non_content_Updates_Should_Result_In_New_Entry_In_Both_Seen_Logs:
/// one entry per actor in each list, however often they looked.
#[tokio::test]
async fn repeated_views_between_non_content_updates_keep_one_entry_per_actor() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    for reference in ["foo:bar", "bar:baz", ""] {
        let view = dp.get_as_end_user(id, USER).await;
        assert_eq!(seen_ids(&view, "seenSinceLastUpdate"), [USER]);
        assert_eq!(seen_ids(&view, "seenSinceLastContentUpdate"), [USER]);
        if !reference.is_empty() {
            let mut body = dp.put_view(id).await;
            body["externalReference"] = json!(reference);
            dp.put(id, &body).await.expect(204);
        }
    }
    let all = dp.send(Method::GET, &format!("{SEARCH}/{id}/seenlog"), None).await;
    assert_eq!(all.expect(200).body.as_array().map(Vec::len), Some(3), "the log itself keeps every entry");
}

/// ServiceOwner SeenLogTests.Multiple_Content_Updates_Should_Result_In_Single_Entry_In_Both_Seen_Logs
#[tokio::test]
async fn repeated_views_between_content_updates_keep_one_entry_per_actor() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    for title in ["Ny tittel", "Nyere tittel"] {
        let view = dp.get_as_end_user(id, USER).await;
        assert_eq!(seen_ids(&view, "seenSinceLastUpdate"), [USER]);
        assert_eq!(seen_ids(&view, "seenSinceLastContentUpdate"), [USER]);
        let mut body = dp.put_view(id).await;
        body["content"]["title"]["value"] = json!([{"languageCode": "nb", "value": title}]);
        dp.put(id, &body).await.expect(204);
        let after = dp.get(id).await;
        assert_eq!(seen_ids(&after, "seenSinceLastContentUpdate"), Vec::<String>::new(), "content moved on");
    }
}

const LOOKUP: &str = "/api/v1/serviceowner/dialoglookup?instanceRef=";

fn labelled(labels: &[&str]) -> Value {
    let mut body = dialog();
    body["serviceOwnerContext"] =
        json!({"serviceOwnerLabels": labels.iter().map(|l| json!({"value": l})).collect::<Vec<_>>()});
    body
}

/// ServiceOwner GetDialogLookupTests.Get_Should_Return_Deleted_Dialog_For_ServiceOwner: an app instance
/// resolves through its storage label, also once the dialog is deleted; the reference comes back in lower case.
#[tokio::test]
async fn an_app_instance_resolves_through_its_storage_label_even_when_deleted() {
    let dp = Dp::start().await;
    let instance = Uuid::new_v4();
    let id = dp.created(&labelled(&[&format!("urn:altinn:integration:storage:1337/{instance}")])).await;
    dp.send(Method::DELETE, &format!("{SEARCH}/{id}"), None).await.expect(204);
    let reference = format!("urn:altinn:instance-id:1337/{}", instance.to_string().to_uppercase());
    let answer = dp.send(Method::GET, &format!("{LOOKUP}{reference}"), None).await;
    answer.expect(200);
    assert_eq!(answer.body["dialogId"], json!(id));
    assert_eq!(answer.body["instanceRef"], reference.to_lowercase());
}

/// ServiceOwner GetDialogLookupTests.Get_By_CorrespondenceRef_Should_Return_Matching_Dialog: the
/// correspondence id is a label, not the dialog's id.
#[tokio::test]
async fn a_correspondence_resolves_through_its_label() {
    let dp = Dp::start().await;
    let correspondence = Uuid::new_v4();
    let reference = format!("urn:altinn:correspondence-id:{correspondence}");
    let id = dp.created(&labelled(&[&reference])).await;
    let answer = dp.send(Method::GET, &format!("{LOOKUP}{}", reference.to_uppercase()), None).await;
    answer.expect(200);
    assert_eq!(answer.body["dialogId"], json!(id));
    assert_eq!(answer.body["instanceRef"], reference);
    assert_eq!(answer.body["party"], dialog()["party"]);
    // A reference nobody carries is not found, even when it is some dialog's id.
    let by_id = dp.send(Method::GET, &format!("{LOOKUP}urn:altinn:correspondence-id:{id}"), None).await;
    by_id.expect(404);
    assert!(by_id.has_error_key("InstanceRef"));
}

/// ServiceOwner GetDialogLookupTests.Get_By_DialogRef_Should_Prefer_AppInstanceRef_Then_CorrespondenceRef;
/// InstanceRefTests.FromDialog_Should_Prefer_AppInstanceRef_From_StorageLabel,
/// FromDialog_Should_Fallback_To_CorrespondenceRef_When_No_AppLabel,
/// FromDialog_Should_Ignore_Malformed_AppInstanceRef_And_Use_Later_Valid_Candidate,
/// FromDialog_Should_Fallback_To_DialogRef_When_No_Supported_Labels
#[tokio::test]
async fn a_dialog_reference_answers_with_the_best_label() {
    let dp = Dp::start().await;
    let instance = Uuid::new_v4();
    let storage = format!("urn:altinn:integration:storage:1337/{instance}");
    let app_instance = format!("urn:altinn:instance-id:1337/{instance}");
    let first = format!("urn:altinn:correspondence-id:{}", Uuid::new_v4());
    let second = format!("urn:altinn:correspondence-id:{}", Uuid::new_v4());
    let answer_for = |labels: Vec<String>| {
        let dp = &dp;
        async move {
            let id = dp.created(&labelled(&labels.iter().map(String::as_str).collect::<Vec<_>>())).await;
            let answer = dp.send(Method::GET, &format!("{LOOKUP}urn:altinn:dialog-id:{id}"), None).await;
            (id, answer.expect(200).body["instanceRef"].as_str().unwrap_or_default().to_owned())
        }
    };
    let (_, app) = answer_for(vec![first.clone(), storage]).await;
    assert_eq!(app, app_instance, "the app instance first");
    let (_, correspondence) = answer_for(vec!["case:1".into(), second.clone()]).await;
    assert_eq!(correspondence, second, "then a correspondence");
    let (id, own) = answer_for(vec!["urn:altinn:integration:storage:1337/".into(), "misc:label".into()]).await;
    assert_eq!(own, format!("urn:altinn:dialog-id:{id}"), "a malformed storage label is passed over");
}

/// ServiceOwner GetDialogLookupTests.Get_Should_Prune_Title_And_NonSensitiveTitle_When_AcceptLanguage_Is_Set;
/// LocalizationExtensions.PruneLocalizations (the heaviest language present, else en, else nb)
#[tokio::test]
async fn titles_are_pruned_by_accept_language() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["content"]["title"]["value"] =
        json!([{"languageCode": "nb", "value": "Tittel"}, {"languageCode": "en", "value": "Title"}]);
    body["content"]["nonSensitiveTitle"] = json!({"value": [
        {"languageCode": "nb", "value": "Ikke-sensitiv tittel"},
        {"languageCode": "en", "value": "Non-sensitive title"}
    ]});
    let id = dp.created(&body).await;
    let path = format!("{LOOKUP}urn:altinn:dialog-id:{id}");
    for (header, code) in [("en", "en"), ("nb;q=0.9, en;q=0.1", "nb"), ("de", "en"), ("sv", "nb"), ("en-GB", "en")] {
        let answer = dp.get_with(&path, &[("accept-language", header)]).await;
        answer.expect(200);
        for key in ["title", "nonSensitiveTitle"] {
            let list = answer.body[key].as_array().expect("a list");
            assert_eq!(list.len(), 1, "{header}: {key}");
            assert_eq!(list[0]["languageCode"], code, "{header}: {key}");
        }
    }
    let all = dp.send(Method::GET, &path, None).await;
    assert_eq!(all.expect(200).body["title"].as_array().map(Vec::len), Some(2), "no header, no pruning");
}

/// ServiceOwner GetDialogLookupTests.Get_Should_Return_Null_NonSensitiveTitle_When_Not_Set and
/// Get_Should_Fall_Back_To_Default_MinimumAuthenticationLevel_On_ServiceResource
#[tokio::test]
async fn lookup_without_a_non_sensitive_title_leaves_it_out() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let answer = dp.send(Method::GET, &format!("{LOOKUP}urn:altinn:dialog-id:{id}"), None).await;
    answer.expect(200);
    assert!(answer.body["nonSensitiveTitle"].is_null());
    assert_eq!(answer.body["serviceResource"]["minimumAuthenticationLevel"], 3);
}

/// ServiceOwner GetDialogLookupTests.Get_Should_Return_Forbidden_When_Org_Does_Not_Match and
/// Get_Should_Allow_AdminScope_When_Org_Does_Not_Match
#[tokio::test]
async fn another_org_is_forbidden_and_an_admin_is_not() {
    let mut config = Config::dev();
    config.tokens.push(TokenGrant::service_owner("other-org", "nav", "889640782"));
    let mut admin = TokenGrant::service_owner("admin", "nav", "889640782");
    admin.scopes.push(scopes::ADMIN.into());
    config.tokens.push(admin);
    let dp = Dp::with(config).await;
    let id = dp.created(&dialog()).await;
    let path = format!("{LOOKUP}urn:altinn:dialog-id:{id}");
    let refused = dp.as_token("other-org").send(Method::GET, &path, None).await;
    refused.expect(403);
    assert!(refused.has_error_text("does not own the resolved dialog"));
    let allowed = dp.as_token("admin").send(Method::GET, &path, None).await;
    assert_eq!(allowed.expect(200).body["dialogId"], json!(id));
}

/// ServiceOwner GetDialogLookupTests.Get_Should_Return_ValidationError_For_Invalid_InstanceRef;
/// InstanceRefTests.TryParse_Should_Reject_Unsupported_Formats (each row) and
/// TryParse_Should_Parse_Supported_Formats (each row: parsed, then not found)
#[tokio::test]
async fn instance_references_parse_as_upstream() {
    let dp = Dp::start().await;
    for bad in [
        "",
        "urn:altinn:unsupported:4b6ed1db-9307-4066-8282-08391cec3d56",
        "urn:altinn:instance-id:1337/not-a-guid",
        "urn:altinn:instance-id:4b6ed1db-9307-4066-8282-08391cec3d56",
        "urn:altinn:legacy-instance-id:1337/4b6ed1db-9307-4066-8282-08391cec3d56",
    ] {
        let answer = dp.send(Method::GET, &format!("{LOOKUP}{bad}"), None).await;
        answer.expect(400);
        assert_eq!(answer.errors("InstanceRef").len(), 1, "{bad}: {}", answer.body);
        assert!(answer.has_error_text("must be a supported identifier"), "{bad}");
    }
    for good in [
        "urn:altinn:instance-id:1337/4b6ed1db-9307-4066-8282-08391cec3d56",
        "urn:altinn:correspondence-id:7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "urn:altinn:dialog-id:019c1aa8-36c8-706c-9a65-675ff1fbd140",
    ] {
        dp.send(Method::GET, &format!("{LOOKUP}{good}"), None).await.expect(404);
    }
}
