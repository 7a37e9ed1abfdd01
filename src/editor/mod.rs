//! Editor support: `canteen lsp`, a language server that checks scenario files as they are
//! typed and knows their ids. A shell over the validator, like the terminal and the CLI.

pub mod server;
pub mod symbols;
