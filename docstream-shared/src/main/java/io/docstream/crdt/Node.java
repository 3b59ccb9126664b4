package io.docstream.crdt;

/** A node of the run tree ({@link RunTree}): knows its parent and its slot in the parent. */
abstract class Node {
    Inner parent;
    int slot;
}
