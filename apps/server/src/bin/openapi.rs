//! Prints the OpenAPI document; `make openapi` writes it to `openapi/v1.json`.

fn main() {
    match chatdesk_server::openapi::document().to_pretty_json() {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("cannot render the OpenAPI document: {e}");
            std::process::exit(1);
        }
    }
}
