/**
 * The networks Unfreeze trains (the small CNN, the heads, backbone + head) and what an exported
 * model needs at load time (its block and translator factories, the antialiased resize). They
 * depend on DJL alone, no other part of Unfreeze: the exporter copies this package into a jar
 * inside every exported folder so that plain DJL code can rebuild the network with
 * {@code Criteria.builder().optModelPath(folder)}. The engine, the catalog and the exporter all
 * build on it; it builds on nothing of theirs.
 */
package dev.unfreeze.training.runtime;
