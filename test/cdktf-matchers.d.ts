// Types for the matchers that test/setup.ts installs.
import 'cdktf/lib/testing/adapters/jest';
