package io.docstream.crdt;

import java.util.HashMap;
import java.util.Map;

/** Id to run lookup: per site, the sorted run starts ({@link SiteRuns}). */
final class IdIndex {
    private final Map<Integer, SiteRuns> sites = new HashMap<>();
    private int lastSite = -1;
    private SiteRuns lastRuns;

    /** The runs of {@code site}, or null when the site has no element. */
    SiteRuns get(int site) {
        if (site == lastSite) {
            return lastRuns;
        }
        SiteRuns r = sites.get(site);
        if (r != null) {
            lastSite = site;
            lastRuns = r;
        }
        return r;
    }

    SiteRuns getOrCreate(int site) {
        SiteRuns r = get(site);
        if (r == null) {
            r = new SiteRuns();
            sites.put(site, r);
            lastSite = site;
            lastRuns = r;
        }
        return r;
    }

    boolean put(int site, int ctr, Leaf leaf) {
        return getOrCreate(site).put(ctr, leaf);
    }

    void setLeaf(int site, int ctr, Leaf leaf) {
        get(site).setLeaf(ctr, leaf);
    }

    void remove(int site, int ctr) {
        SiteRuns r = get(site);
        if (r != null) {
            r.remove(ctr);
        }
    }
}
