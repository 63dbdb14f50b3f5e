/**
 * The classes an exported model needs at load time. They depend on DJL alone (no other part of
 * Unfreeze), because the exporter copies them into a jar inside the exported folder so that plain
 * DJL code can rebuild the network with {@code Criteria.builder().optModelPath(folder)}.
 */
package dev.unfreeze.training.export.runtime;
