// unit tests of the use cases with mocked ports
