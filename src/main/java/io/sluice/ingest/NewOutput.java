package io.sluice.ingest;

/** A request to add an output, as given (unvalidated). */
public record NewOutput(String type, String url) {
    @Override
    public String toString() {
        return "NewOutput[" + type + "]"; // the url may hold a passphrase
    }
}
