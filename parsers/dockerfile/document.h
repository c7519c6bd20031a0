#pragma once
// TEMPORARY STUB, replaced by the Dockerfile front end (branch dockerfile-parser).
namespace shipshape::dockerfile {
class Document {};
}  // namespace shipshape::dockerfile
