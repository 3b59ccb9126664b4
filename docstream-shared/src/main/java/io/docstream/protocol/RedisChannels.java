package io.docstream.protocol;

/**
 * Redis pub/sub channel names, all under one prefix (empty in production, unique per test).
 *
 * <ul>
 *   <li>{@code doc:{docId}} canonical ops of one document (JSON {@link CanonicalOp})
 *   <li>{@code gw:{gatewayId}} messages for one gateway instance (op rejections)
 *   <li>{@code acl} access changes: a user's role on a document changed or the document was deleted
 *   <li>{@code presence:{docId}} presence and cursor messages of one document
 * </ul>
 */
public record RedisChannels(String prefix) {

    public RedisChannels {
        prefix = prefix == null ? "" : prefix;
    }

    public String doc(String docId) {
        return prefix + "doc:" + docId;
    }

    public String docPattern() {
        return prefix + "doc:*";
    }

    public String gateway(String gatewayId) {
        return prefix + "gw:" + gatewayId;
    }

    public String acl() {
        return prefix + "acl";
    }

    public String presence(String docId) {
        return prefix + "presence:" + docId;
    }

    /** Plain key: sorted set of live gateway ids, scored by the time (ms) their registration expires. */
    public String gatewaysKey() {
        return prefix + "gateways";
    }

    /** Plain key: hash of gateway id → the pipeline generation whose input topic it produces to. */
    public String gatewayGenerationsKey() {
        return prefix + "gateway-generation";
    }

    /** Plain key (not a channel): the highest seq the fan-out relay has published for a document. */
    public String docSeqKey(String docId) {
        return prefix + "docseq:" + docId;
    }
}
