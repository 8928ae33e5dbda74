//! Debug helper: print cleaned text and spans.
fn main() {
    let p = zhen::Pipeline::new(zhen::Config::default()).unwrap();
    for s in std::env::args().skip(1) {
        let d = p.process(&s);
        println!("{:?}", d.text());
        for sp in d.spans() {
            println!(
                "  {} {:?} {:?}",
                sp.lang,
                &d.text()[sp.range.clone()],
                sp.embedded
                    .iter()
                    .map(|e| &d.text()[e.range.clone()])
                    .collect::<Vec<_>>()
            );
        }
        println!("  stages {:?}", d.stages());
    }
}
