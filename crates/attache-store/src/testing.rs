//! Test support: a fresh PostgreSQL database per test, on the server that
//! `ATTACHE_TEST_POSTGRES` names (a URL whose user may create databases).

/// Creates (anew) the database `attache_test_<name>_<pid>` and returns its URL.
pub fn fresh_postgres(name: &str) -> Result<String, String> {
    let admin = std::env::var("ATTACHE_TEST_POSTGRES")
        .map_err(|_| "ATTACHE_TEST_POSTGRES is not set".to_string())?;
    let db = format!("attache_test_{name}_{}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls)
        .map_err(|e| format!("connecting to {admin}: {e}"))?;
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .map_err(|e| format!("dropping {db}: {e}"))?;
    client
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .map_err(|e| format!("creating {db}: {e}"))?;
    // replace the database part of the URL: scheme://authority/db?params
    let (base, query) = admin
        .split_once('?')
        .map_or((admin.as_str(), None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut url = format!("{}/{db}", &base[..authority_end]);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    Ok(url)
}
