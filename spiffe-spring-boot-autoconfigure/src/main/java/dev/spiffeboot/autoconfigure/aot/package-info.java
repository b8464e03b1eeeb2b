/**
 * Spring AOT: the SPIFFE settings an AOT-processed application was processed with, checked again when it runs.
 */
package dev.spiffeboot.autoconfigure.aot;
