//! What the behavioural suites share: running named groups of cases and
//! reporting a pass rate per group.

/// Runs every group's cases through `check`, prints the pass rate of each
/// group (with the failures) under `title`, and fails below `floor`.
pub fn run_suite<C>(
    title: &str,
    floor: f64,
    groups: Vec<(&'static str, Vec<C>)>,
    check: impl Fn(&C) -> Result<(), String>,
) {
    let mut total = (0usize, 0usize);
    let mut report = String::new();
    for (name, cases) in groups {
        assert!(!cases.is_empty(), "group {name} has no cases");
        let mut passed = 0;
        let mut fails = Vec::new();
        for c in &cases {
            match check(c) {
                Ok(()) => passed += 1,
                Err(e) => fails.push(format!("    {e}")),
            }
        }
        report += &format!("  {name:<48} {passed}/{}\n", cases.len());
        for f in fails {
            report += &format!("{f}\n");
        }
        total.0 += passed;
        total.1 += cases.len();
    }
    let rate = total.0 as f64 / total.1 as f64;
    eprintln!(
        "{title}: {}/{} ({:.0}%)\n{report}",
        total.0,
        total.1,
        100.0 * rate
    );
    assert!(
        rate >= floor,
        "{title} {rate:.2} below the floor {floor}\n{report}"
    );
}
