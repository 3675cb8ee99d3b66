/**
 * Deliberately broken extractors that the smoke test packages as throwaway plugin jars; they never
 * run inside the test itself.
 */
package io.diztl.distribution.broken;
