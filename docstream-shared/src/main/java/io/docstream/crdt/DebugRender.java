package io.docstream.crdt;

/** {@link Rga#toTestString()}: maximal runs, tombstones included. */
final class DebugRender {

    private DebugRender() {}

    static String render(RunTree t) {
        StringBuilder sb = new StringBuilder();
        CanonicalRuns.forEach(t, r -> {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(r.ctr).append('@').append(r.site).append('<');
            if (r.oSite < 0) {
                sb.append('^');
            } else {
                sb.append(r.oCtr).append('@').append(r.oSite);
            }
            if (r.deleted) {
                sb.append('~').append(r.len);
            } else {
                sb.append('"').append(r.text).append('"');
            }
        });
        return sb.toString();
    }
}
