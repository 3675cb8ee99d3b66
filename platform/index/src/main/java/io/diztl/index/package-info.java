/** The Lucene index of a share folder: scanning, reconciling with the disk, hashing and search. */
package io.diztl.index;
